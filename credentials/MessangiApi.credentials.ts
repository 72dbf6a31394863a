import type { IAuthenticate, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_BASE_URL, signRequest } from '../nodes/Messangi/signing';
import { requestsPerSecondProperty } from '../nodes/shared/descriptions';

/**
 * Messangi signs every call instead of sending a secret: the credential's `authenticate` appends
 * `/<publicKey>/<HMAC-SHA256 signature>` to each request URL, so the private key never leaves
 * n8n. The credential test (a signed read of one incoming message) is the Messangi node's
 * `messangiApiTest`, because only code can read Messangi's XML verdict.
 */
export class MessangiApi implements ICredentialType {
	name = 'messangiApi';

	displayName = 'Messangi API';

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateways/n8n-nodes-sms-gateways#messangi';

	icon: Icon = { light: 'file:../icons/messangi.svg', dark: 'file:../icons/messangi.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: 'e.g. https://<customer>.ogangi.com/mmc/rest/api',
			description: 'The REST API address of your Messangi workspace. Customers have their own; ask Messangi support if unsure.',
		},
		requestsPerSecondProperty('Messangi'),
		{
			displayName: 'Instance ID',
			name: 'instanceId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '43',
			description: 'Your workspace identification number (Messangi support gives it on request)',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description: 'The public key to access the API; it is part of every request URL',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The signing secret. It signs each request and is never sent.',
		},
	];

	authenticate: IAuthenticate = signRequest;
}
