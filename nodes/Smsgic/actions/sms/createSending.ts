import type { IDataObject } from 'n8n-workflow';

import type { PairedRow } from '../../../shared/router';
import { failedRows, sendRow, settleSend, type Outgoing } from '../../../shared/send';
import { countSegments } from '../../../shared/segments';
import { PROVIDER, smsgicRequest, toId, unreadableReply, type SmsgicContext } from '../../transport';
import type { SmsgicCreateSendingReply } from '../../types';
import type { Schedule } from '../common';

export interface Sending {
	message: string;
	sender: string;
	schedule?: Schedule;
	recipients: Outgoing[];
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

	const outcome = await settleSend(smsgicRequest<SmsgicCreateSendingReply>(ctx, { method: 'POST', path: '/sendings', body, sends: true }));
	if ('error' in outcome) return failedRows(PROVIDER, sending.recipients, outcome.error, extra);
	const sendingId = toId(outcome.reply?.sending_id);
	if (sendingId === undefined) {
		return failedRows(PROVIDER, sending.recipients, unreadableReply('"sending_id"', outcome.reply, true), extra);
	}
	return sending.recipients.map((recipient) => sendRow(PROVIDER, recipient, 'accepted', segments, { sendingId, ...extra }));
}
