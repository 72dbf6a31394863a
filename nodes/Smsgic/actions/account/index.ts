import { resource } from '../../../shared/resources';
import { getBalance } from './getBalance.operation';
import { getRates } from './getRates.operation';
import { getServiceStatus } from './getServiceStatus.operation';

/** Account: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const account = resource('Account', 'getBalance', {
	getBalance: { name: 'Get Balance', description: 'Get the account balance', action: 'Get the account balance', run: getBalance },
	getRates: { name: 'Get Rates', description: 'Get the price per SMS by country and network', action: 'Get the account rates', run: getRates },
	getServiceStatus: { name: 'Get Service Status', description: 'Check whether the SMSgic API is up', action: 'Get the service status', run: getServiceStatus },
});
