import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runWithConcurrency } from '../../../shared/batching';
import type { PairedRow } from '../../../shared/router';
import { countSegments } from '../../../shared/segments';
import { failedRows, sendRow, settleSend, type Addressed, type ItemSend } from '../../../shared/send';
import { messangiRequest, PROVIDER, type MessangiCall } from '../../transport';
import { readMessage, readPin } from '../../replies';
import { FAILED_MESSAGE_STATUSES, type MessangiReply } from '../../types';
import { base64 } from '../common';
import { parallelRequestsOption } from '../../../shared/descriptions';

/**
 * The three ways Messangi sends an SMS. Messangi has no batch endpoint: every recipient is one
 * request, and a bulk send runs several at a time.
 * - `sendSMS` (tools/sendSMS): number and text in Base64; answers with the message and its status.
 * - `sendMT` (Campaign Manager): number in clear, text in Base64, optional flags; answers only OK.
 * - `pin` (tools/sendSMSPinMobileNumberConfirm): Messangi generates the PIN and answers with it.
 */
export type SendKind = 'sendSMS' | 'sendMT' | 'pin';

/** What Messangi's send operations read from an item. */
export interface MessangiSend extends ItemSend {
	sender: string;
	/** `null` lets the platform choose. */
	carrier: string;
	flags?: string;
	pinLength?: number;
	concurrency?: number;
}

export type Outgoing = Addressed<MessangiSend>;

export const concurrencyOption: INodeProperties = parallelRequestsOption(
	'Messangi takes one recipient per request: how many requests run at the same time. If Messangi answers "too many requests", every request pauses as long as it asks, then goes on.',
);


function callFor(kind: SendKind, o: Outgoing): MessangiCall {
	const text = base64(o.message);
	const { sender, carrier, flags, pinLength } = o.value;
	if (kind === 'sendSMS') return { method: 'tools/sendSMS', params: [carrier, sender, base64(o.to), text], sends: true };
	if (kind === 'sendMT') {
		const params = [sender, carrier, o.to, text];
		if (flags) params.push(flags);
		return { method: 'sendMT', params, sends: true };
	}
	return { method: 'tools/sendSMSPinMobileNumberConfirm', params: [carrier, sender, o.to, text, String(pinLength)], sends: true };
}

function rowFor(kind: SendKind, o: Outgoing, reply: MessangiReply): PairedRow {
	const segments = countSegments(o.message);
	if (kind === 'pin') {
		const pin = readPin(reply);
		if (!pin) {
			return sendRow(PROVIDER, o, 'unknown', segments, {
				error: `Messangi answered OK for ${o.to} but sent no PIN back, so the code cannot be checked. It was not sent again.`,
			});
		}
		return sendRow(PROVIDER, o, 'accepted', segments, { pin });
	}
	if (kind === 'sendMT') return sendRow(PROVIDER, o, 'accepted', segments);

	const message = readMessage(reply);
	const extra: IDataObject = {};
	if (message?.id) extra.messageId = message.id;
	if (message?.status) extra.providerStatus = message.status;
	if (message?.statusDescription) extra.providerStatusDescription = message.statusDescription;
	const failure = message?.status ? FAILED_MESSAGE_STATUSES[message.status.toUpperCase()] : undefined;
	if (failure) {
		const reason = message?.statusDescription ? ` (${message.statusDescription})` : '';
		return sendRow(PROVIDER, o, 'rejected', segments, { ...extra, error: `${failure}. Status ${message?.status}${reason} for ${o.to}.` });
	}
	return sendRow(PROVIDER, o, 'accepted', segments, extra);
}

/**
 * Sends each outgoing message in its own request, `concurrency` at a time, and returns one row
 * per recipient in input order. A 429 pauses every lane (the process's pace, shared/pace.ts); a failure that may have
 * reached the gateway is `unknown` and never re-sent.
 */
export async function deliver(ctx: IExecuteFunctions, kind: SendKind, outgoing: Outgoing[], concurrency: number): Promise<PairedRow[]> {
	return runWithConcurrency(outgoing, concurrency, async (o) => {
		const outcome = await settleSend(messangiRequest(ctx, callFor(kind, o)));
		return 'reply' in outcome ? rowFor(kind, o, outcome.reply) : failedRows(PROVIDER, [o], outcome.error)[0];
	}, { spread: true });
}
