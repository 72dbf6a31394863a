import { resource } from '../../../shared/resources';
import { getAll } from './getAll.operation';

/** Template: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const template = resource('Template', 'getAll', {
	getAll: { name: 'Get Many', description: 'List the ready message templates of the account', action: 'Get many templates', run: getAll },
});
