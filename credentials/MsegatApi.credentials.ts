import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { authenticate as addLogin } from '../nodes/Msegat/auth';
import { requestsPerSecondProperty } from '../nodes/shared/descriptions';

export class MsegatApi implements ICredentialType {
	name = 'msegatApi';

	displayName = 'Msegat API';

	documentationUrl = 'https://msegat.docs.apiary.io/';

	icon: Icon = { light: 'file:../icons/msegat.svg', dark: 'file:../icons/msegat.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'User Name',
			name: 'userName',
			type: 'string',
			default: '',
			required: true,
			description: 'The user name you log in to msegat.com with',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key of your Msegat account (msegat.com → Settings → API)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.msegat.com/gw',
			description: 'Change only to use a test server',
		},
		requestsPerSecondProperty('Msegat'),
	];

	// The credential test lives on the nodes (`testedBy: 'msegatApiTest'`): Credits.php answers
	// HTTP 200 with a bare error code for a wrong key, which a declarative test cannot judge.
	// The login goes into the body (nodes/Msegat/auth.ts).
	authenticate = addLogin;
}
