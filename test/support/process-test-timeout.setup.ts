// e2e and fault specs start real processes on a shared 2-core machine: 30 s a test unless it says
// otherwise (jest's 5 s default is for unit specs).
jest.setTimeout(30_000);
