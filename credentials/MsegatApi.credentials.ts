import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { requestsPerSecondProperty } from '../nodes/shared/descriptions';

const FORM = 'application/x-www-form-urlencoded';

function headerValue(headers: IHttpRequestOptions['headers'], name: string): string {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return String(value ?? '').toLowerCase();
	}
	return '';
}

/**
 * Msegat has no auth header: `userName` and `apiKey` travel in the body of every call, which the
 * transport has already encoded as form text or JSON text. This adds them to whichever it is, so
 * every request (the credential test included) is authenticated in this one place.
 */
export async function addCredentialsToBody(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const login = { userName: String(credentials.userName ?? ''), apiKey: String(credentials.apiKey ?? '') };
	const contentType = headerValue(requestOptions.headers, 'content-type');
	const body = requestOptions.body;

	if (typeof body === 'string' && contentType.includes('json')) {
		let parsed: IDataObject = {};
		try {
			parsed = (body.trim() ? JSON.parse(body) : {}) as IDataObject;
		} catch {
			// A body the transport built is always valid JSON; anything else is sent untouched.
			return requestOptions;
		}
		return { ...requestOptions, body: JSON.stringify({ ...login, ...parsed, ...login }) };
	}
	if (typeof body === 'string') {
		const form = new URLSearchParams(login);
		for (const [key, value] of new URLSearchParams(body)) if (!(key in login)) form.append(key, value);
		return { ...requestOptions, body: form.toString() };
	}
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		return { ...requestOptions, body: { ...login, ...(body as IDataObject), ...login } };
	}
	// No body yet: a form body carries the login, as Msegat's document describes.
	return {
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), 'Content-Type': FORM },
		body: new URLSearchParams(login).toString(),
	};
}

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
	authenticate = addCredentialsToBody;
}
