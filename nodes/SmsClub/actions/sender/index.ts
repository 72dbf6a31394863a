import { resource } from '../../../shared/resources';
import { getAll } from './getAll.operation';

/** Sender: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const sender = resource('Sender', 'getAll', {
	getAll: { name: 'Get Many', description: 'List the active sender (alpha) names', action: 'Get many senders', run: getAll },
});
