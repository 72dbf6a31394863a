import type { IDataObject } from 'n8n-workflow';

import { GatewayError, settle } from '../../../shared/errors';
import type { PairedRow } from '../../../shared/router';
import { failedRows, sendRow, type Recipient } from '../../../shared/send';
import { countSegments } from '../../../shared/segments';
import { PROVIDER, smsgicRequest, toId, unreadableReply, type SmsgicContext } from '../../transport';
import type { SmsgicCreateSendingReply } from '../../types';
import type { Schedule } from '../common';

export interface Sending {
	message: string;
	sender: string;
	schedule?: Schedule;
	recipients: Recipient[];
}

/**
 * One POST /sendings for all `recipients`: SMSgic answers with one `sending_id` for the whole
 * list, so every recipient row carries it. A refused request fails every recipient with
 * SMSgic's reason; an ambiguous failure marks them `unknown` and is never re-sent.
 */
export async function createSending(ctx: SmsgicContext, sending: Sending): Promise<PairedRow[]> {
	const segments = countSegments(sending.message);
	const body: IDataObject = {
		message: sending.message,
		// The attribute is string[]; the document's curl shows a JSON-encoded string, which reads as a slip.
		recipients: sending.recipients.map((r) => r.to),
		sender: sending.sender,
	};
	if (sending.schedule) body.scheduled_at = sending.schedule.gateway;
	const extra: IDataObject = sending.schedule ? { scheduledAt: sending.schedule.iso } : {};

	const outcome = await settle(smsgicRequest<SmsgicCreateSendingReply>(ctx, { method: 'POST', path: '/sendings', body, sends: true }));
	if ('error' in outcome) {
		if (!(outcome.error instanceof GatewayError)) throw outcome.error;
		return failedRows(PROVIDER, sending.recipients, segments, outcome.error, extra);
	}
	const sendingId = toId(outcome.value?.sending_id);
	if (sendingId === undefined) {
		return failedRows(PROVIDER, sending.recipients, segments, unreadableReply('"sending_id"', outcome.value, true), extra);
	}
	return sending.recipients.map((recipient) => sendRow(PROVIDER, recipient, 'accepted', segments, { sendingId, ...extra }));
}
