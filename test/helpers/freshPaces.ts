import { forgetPaces } from '../../nodes/shared/pace';

// Each test starts as a fresh n8n process would: a 429 met by one test (which slows the process's
// pace for that gateway for a while, as it should) must not slow the next test down.
beforeEach(() => forgetPaces());
