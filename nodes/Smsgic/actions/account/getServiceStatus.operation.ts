import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GatewayError, settle } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/router';
import { PROVIDER, smsgicRequest } from '../../transport';

export const description: INodeProperties[] = [];

/**
 * GET /status answers `["OK"]` when the service is up. A health check should give a workflow
 * something to branch on rather than stop it, so an outage (5xx after retries, no connection,
 * any other answer) is `ok: false` with the reason; only a bug in the node fails it.
 */
export const getServiceStatus: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		const outcome = await settle(smsgicRequest<unknown>(this, { method: 'GET', path: '/status' }));
		if ('error' in outcome) {
			if (!(outcome.error instanceof GatewayError)) throw outcome.error;
			const row: IDataObject = { provider: PROVIDER, ok: false, status: null, reason: outcome.error.message };
			if (outcome.error.httpCode !== undefined) row.httpCode = outcome.error.httpCode;
			return row;
		}
		const reply = outcome.value;
		const status = Array.isArray(reply) ? reply.map(String).join(', ') : JSON.stringify(reply);
		const ok = Array.isArray(reply) && reply.length > 0 && reply.every((entry) => String(entry).toUpperCase() === 'OK');
		return ok ? { provider: PROVIDER, ok, status } : { provider: PROVIDER, ok, status, reason: `SMSgic reported its service status as ${status} instead of OK.` };
	},
};
