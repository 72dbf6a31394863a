import { proxyRequestToAxios } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type { ICredentialTestFunctions, ICredentialType, ICredentialsDecrypted } from 'n8n-workflow';

import { MsegatApi } from '../../credentials/MsegatApi.credentials';
import { Msegat } from '../../nodes/Msegat/Msegat.node';
import { MsegatTrigger } from '../../nodes/Msegat/MsegatTrigger.node';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMsegatSandbox, MSEGAT_USER, MSEGAT_API_KEY } = require('../sandbox/msegat');

const sandbox = createMsegatSandbox();

beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** What n8n hands a credential test function: only `request`, n8n-core's proxy to axios, no credential applied. */
const context = {
	logger: { debug() {}, info() {}, warn() {}, error() {} },
	helpers: {
		request: async (uriOrObject: string | object, options?: object) => await proxyRequestToAxios(undefined, undefined, undefined, uriOrObject, options),
	},
} as unknown as ICredentialTestFunctions;

function credential(data: Record<string, string>): ICredentialsDecrypted {
	return { id: '1', name: 'Msegat', type: 'msegatApi', data: { userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, baseUrl: `${sandbox.url}/gw`, ...data } };
}

async function runTest(data: Record<string, string> = {}) {
	return await new Msegat().methods.credentialTest.msegatApiTest.call(context, credential(data));
}

describe('Msegat credential', () => {
	it('has the CONTRACT fields, a password API key and the default base URL', () => {
		const type: ICredentialType = new MsegatApi();
		expect(type.name).toBe('msegatApi');
		expect(type.properties.map((p) => p.name)).toEqual(['userName', 'apiKey', 'baseUrl', 'requestsPerSecond']);
		expect(type.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
		expect(type.properties.find((p) => p.name === 'baseUrl')?.default).toBe('https://www.msegat.com/gw');
		// A declarative test would win over testedBy in n8n, and it cannot read Credits.php's body.
		expect(type.test).toBeUndefined();
	});

	it('is tested by the nodes\' msegatApiTest function, on both nodes', () => {
		for (const node of [new Msegat(), new MsegatTrigger()]) {
			expect(node.description.credentials).toEqual([{ name: 'msegatApi', required: true, testedBy: 'msegatApiTest' }]);
			expect(typeof node.methods.credentialTest.msegatApiTest).toBe('function');
		}
	});

	it('calls Credits.php with the login in the form body (through authenticate) and reports success', async () => {
		const result = await runTest({ baseUrl: `${sandbox.url}/gw/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: the Msegat balance is 500 points.' });
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].path).toBe('/gw/Credits.php');
		expect(sandbox.requests[0].form).toEqual({ userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, msgEncoding: 'UTF8' });
	});

	it.each(['M0002', '1020'])('judges the HTTP 200 body: a bare %s means the user name or API key is wrong', async (code) => {
		sandbox.state.creditsLoginError = code;
		const result = await runTest({ apiKey: 'not-the-key-42' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('user name or API key is wrong');
		expect(result.message).not.toContain('not-the-key-42');
	});

	it('accepts a balance of exactly 1020 points (checked with a second read-only call)', async () => {
		sandbox.state.balance = 1020;
		expect(await runTest()).toMatchObject({ status: 'OK', message: expect.stringContaining('1020 points') });
		expect(sandbox.requests.map((r: { path: string }) => r.path)).toEqual(['/gw/Credits.php', '/gw/GetMessageTemplates.php']);
	});

	it('explains a body it cannot read, a wrong base URL and an unreachable host', async () => {
		sandbox.inject({ body: '<html>maintenance</html>' });
		expect((await runTest()).message).toContain('neither success nor a known error code');
		expect((await runTest({ baseUrl: sandbox.url })).message).toContain('Check the Base URL');
		const unreachable = await runTest({ baseUrl: 'http://127.0.0.1:1/gw' });
		expect(unreachable.status).toBe('Error');
		expect(unreachable.message).toContain('Could not reach Msegat');
		expect(unreachable.message).toContain('ECONNREFUSED');
	});
});
