import { resource } from '../../../shared/resources';
import { fire } from './fire.operation';
import { getAll } from './getAll.operation';

/** Incoming Message: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const incomingMessage = resource('Incoming Message', 'getAll', {
	getAll: { name: 'Get Many', description: 'List the messages your codes received', action: 'Get many incoming messages', run: getAll },
	fire: { name: 'Fire', description: 'Make Messangi receive a message as if the number had sent it', action: 'Fire an incoming message', run: fire },
});
