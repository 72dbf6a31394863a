import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toProperty } from '../../../shared/descriptions';
import { GatewayError, InputError, settle } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/router';
import { msegatRequest, PROVIDER, requireSuccess } from '../../transport';
import { otpLanguage, otpOptions, readRecipients, readSender, senderProperty } from '../common';

const show = { resource: ['otp'], operation: ['send'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Msegat writes the text and generates the code. Keep the otpId from the output: OTP → Verify needs it with the code the person received.',
		name: 'otpSendNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show, 'The one mobile number (international format, e.g. 966501234567) to send the code to'),
	senderProperty(show),
	otpOptions(show),
];

export const send: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const numbers = readRecipients(this, itemIndex);
		if (numbers.length > 1) {
			throw new InputError(`A one-time code goes to one number, but "to" has ${numbers.length}. Use one input item per number.`, 'to');
		}
		const [to] = numbers;
		const sender = readSender(this, itemIndex);
		const lang = otpLanguage(this, itemIndex);
		const outcome = await settle(
			msegatRequest(this, {
				path: '/sendOTPCode.php',
				payload: { number: to, userSender: sender, lang },
				encoding: 'json',
				// An OTP send is an SMS: never repeated after an ambiguous failure.
				sends: true,
				headers: { lang },
			}).then((reply) => requireSuccess(reply, 'the OTP request', true)),
		);
		if ('error' in outcome) {
			if (!(outcome.error instanceof GatewayError)) throw outcome.error;
			const { kind, message } = outcome.error;
			return { provider: PROVIDER, to, status: kind === 'unknown' ? 'unknown' : 'rejected', otpId: null, error: message };
		}
		const json = outcome.value.json as { id?: unknown } | undefined;
		const otpId = typeof json?.id === 'number' || (typeof json?.id === 'string' && json.id.trim()) ? String(json.id).trim() : null;
		if (otpId === null) {
			return {
				provider: PROVIDER,
				to,
				status: 'unknown',
				otpId: null,
				error: 'Msegat accepted the OTP request but returned no OTP ID, so the code cannot be verified. It was not sent again; send a new code if needed.',
			};
		}
		return { provider: PROVIDER, to, status: 'accepted', otpId };
	},
};
