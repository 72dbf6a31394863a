import { resource } from '../../../shared/resources';
import { getBalance } from './getBalance.operation';

/** Account: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const account = resource('Account', 'getBalance', {
	getBalance: { name: 'Get Balance', description: 'Get the account balance', action: 'Get the account balance', run: getBalance },
});
