import { resource } from '../../../shared/resources';
import { send } from './send.operation';

/** OTP: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const otp = resource('OTP', 'send', {
	send: { name: 'Send', description: 'Generate a PIN, send it by SMS and output it', action: 'Send a PIN', run: send },
});
