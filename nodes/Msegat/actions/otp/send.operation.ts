import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { noticeProperty, toProperty } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { sendOperation, settleSend } from '../../../shared/send';
import { msegatRequest, PROVIDER, requireSuccess } from '../../transport';
import { otpLanguage, otpOptions, readRecipients, readSender, senderProperty } from '../common';

const show = { resource: ['otp'], operation: ['send'] };

export const description: INodeProperties[] = [
	noticeProperty('otpSendNotice', show, 'Msegat writes the text and generates the code. Keep the otpId from the output: OTP → Verify needs it with the code the person received.'),
	toProperty(show, 'The one mobile number (international format, e.g. 966501234567) to send the code to'),
	senderProperty(show),
	otpOptions(show),
];

/** Row fields of an OTP send; Msegat writes the text, so there are no parts to count. */
function otpRow(to: string, status: 'accepted' | 'rejected' | 'unknown', otpId: string | null, error?: string) {
	return { provider: PROVIDER, to, status, otpId, ...(error === undefined ? {} : { error }) };
}

export const send = sendOperation(description, 'single', {
	read(ctx: IExecuteFunctions, itemIndex: number) {
		const numbers = readRecipients(ctx, itemIndex);
		if (numbers.length > 1) {
			throw new InputError(`A one-time code goes to one number, but "to" has ${numbers.length}. Use one input item per number.`, 'to');
		}
		return { to: numbers, message: '', sender: readSender(ctx, itemIndex), lang: otpLanguage(ctx, itemIndex) };
	},
	async deliver(ctx, { sender, lang }, [recipient]) {
		const { itemIndex, to } = recipient;
		const outcome = await settleSend(
			msegatRequest(ctx, {
				path: '/sendOTPCode.php',
				payload: { number: to, userSender: sender, lang },
				encoding: 'json',
				// An OTP send is an SMS: never repeated after an ambiguous failure.
				sends: true,
				headers: { lang },
			}).then((reply) => requireSuccess(reply, 'the OTP request', true)),
		);
		if ('error' in outcome) {
			const { kind, message } = outcome.error;
			return [{ itemIndex, json: otpRow(to, kind === 'unknown' ? 'unknown' : 'rejected', null, message) }];
		}
		const json = outcome.reply.json as { id?: unknown } | undefined;
		const otpId = typeof json?.id === 'number' || (typeof json?.id === 'string' && json.id.trim()) ? String(json.id).trim() : null;
		if (otpId === null) {
			const error = 'Msegat accepted the OTP request but returned no OTP ID, so the code cannot be verified. It was not sent again; send a new code if needed.';
			return [{ itemIndex, json: otpRow(to, 'unknown', null, error) }];
		}
		return [{ itemIndex, json: otpRow(to, 'accepted', otpId) }];
	},
});
