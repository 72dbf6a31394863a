import type {
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { bearerToken } from '../nodes/shared/bearer';
import { requestsPerSecondProperty } from '../nodes/shared/descriptions';

export class SmsgicApi implements ICredentialType {
	name = 'smsgicApi';

	displayName = 'SMSgic API';

	documentationUrl = 'https://smsgic.com';

	icon: Icon = { light: 'file:../icons/smsgic.svg', dark: 'file:../icons/smsgic.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An access token created in the SMSgic dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.smsgic.com',
			description: 'Change only to use a test server',
		},
		requestsPerSecondProperty('SMSgic'),
	];

	authenticate = bearerToken;

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/balance',
			method: 'GET',
			// Without it SMSgic's Laravel API answers a refused token with a redirect, not a 401.
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'SMSgic says the access token was rejected: create a new access token in the SMSgic dashboard and paste it here',
				},
			},
		],
	};
}
