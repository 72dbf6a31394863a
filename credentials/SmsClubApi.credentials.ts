import type {
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { bearerToken } from '../nodes/shared/bearer';
import { requestsPerSecondProperty } from '../nodes/shared/descriptions';
import { REQUESTS_PER_SECOND } from '../nodes/SmsClub/transport';

export class SmsClubApi implements ICredentialType {
	name = 'smsClubApi';

	displayName = 'SMSClub API';

	documentationUrl = 'https://smsclub.mobi/en/api';

	icon: Icon = { light: 'file:../icons/smsclub.svg', dark: 'file:../icons/smsclub.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token from your SMSClub profile page',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://im.smsclub.mobi',
			description: 'Change only to use a test server',
		},
		requestsPerSecondProperty('SMSClub', REQUESTS_PER_SECOND),
	];

	authenticate = bearerToken;

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/sms/balance',
			method: 'POST',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'SMSClub rejected the access token: copy it again from your SMSClub profile',
				},
			},
		],
	};
}
