import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * The `authenticate` of a credential whose gateway takes `Authorization: Bearer <accessToken>`
 * (SMSClub, SMSgic), for every request made with it: ours, n8n's credential test and the HTTP
 * Request node. The same header n8n's generic form `'=Bearer {{$credentials.accessToken}}'` adds,
 * written as a function because n8n 2.x evaluates that expression in isolated-vm for every
 * request: ~0.6 ms each, and now and then a new isolate for n8n's pool in the middle of a bulk
 * send (test/bench/profile.js).
 */
export async function bearerToken(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` } };
}
