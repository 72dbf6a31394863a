import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/router';
import { isSuccessCode, msegatError } from '../../errorCodes';
import { httpError, msegatRequest, PROVIDER, unreadableReply } from '../../transport';
import { otpLanguage, otpOptions, readSender, senderProperty } from '../common';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['otp'], operation: ['verify'] };

export const description: INodeProperties[] = [
	{
		displayName: 'OTP ID',
		name: 'otpId',
		type: 'string',
		default: '',
		required: true,
		placeholder: "={{ $('Msegat').item.json.otpId }}",
		description: 'The otpId output by OTP → Send',
		displayOptions: { show },
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1234',
		description: 'The code the person received and typed in',
		displayOptions: { show },
	},
	{
		...senderProperty(show),
		description:
			'The sender name the code was sent from (OTP → Send). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	otpOptions(show),
];

/**
 * Answers that mean "this code does not verify" rather than a failure: the workflow branches on
 * `verified`. 400 and 404 are the document's verification codes; M0027 ("code is not correct")
 * is treated the same way in case the OTP service uses it for a wrong code (not published).
 */
export const NOT_VERIFIED: Readonly<Record<string, { reason: string; message: string }>> = {
	'400': { reason: 'expired', message: 'The code has expired. Send a new one with OTP → Send.' },
	'404': { reason: 'notFound', message: 'The code is wrong, or the OTP ID is unknown.' },
	M0027: { reason: 'incorrect', message: 'The code is not correct.' },
};

export const verify: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const otpIdText = String(itemParameter(this, 'otpId', itemIndex, '') ?? '').trim();
		if (!otpIdText) throw new InputError('No OTP ID given. Use the otpId output by OTP → Send.', 'otpId');
		const code = String(itemParameter(this, 'code', itemIndex, '') ?? '').trim();
		if (!code) throw new InputError('No code given. Pass the code the person typed in.', 'code');
		if (!/^[A-Za-z0-9]{1,12}$/.test(code)) {
			throw new InputError(`"${code}" is not a verification code: it should be the digits the person received.`, 'code');
		}
		const sender = readSender(this, itemIndex);
		const lang = otpLanguage(this, itemIndex);
		// The document's sample sends the id as a number; keep it one when it is.
		const id = /^\d{1,15}$/.test(otpIdText) ? Number(otpIdText) : otpIdText;
		const reply = await msegatRequest(this, {
			path: '/verifyOTPCode.php',
			payload: { code, id, userSender: sender, lang },
			encoding: 'json',
			// A verification may use the code up: never repeated after an ambiguous failure.
			sends: true,
			headers: { lang },
			// Msegat may send the verification codes 400/404 with the same HTTP status.
			keepErrorStatus: true,
		});
		const base: IDataObject = { provider: PROVIDER, otpId: otpIdText };
		if (isSuccessCode(reply.code)) return { ...base, verified: true };
		const answer = reply.code ? NOT_VERIFIED[reply.code] : undefined;
		if (answer) return { ...base, verified: false, reason: answer.reason, message: answer.message, providerCode: reply.code as string };
		if (reply.statusCode >= 400) throw httpError(reply.statusCode, reply.body, '/verifyOTPCode.php');
		if (reply.code) throw msegatError(reply.code, reply.message, reply.statusCode);
		throw unreadableReply(reply, 'the verification request', false);
	},
};
