import { inClientSpan, inServerSpan, tracingEnabled, tracingRequest } from './tracing';

describe(tracingRequest.name, () => {
  it('is off without an OTLP endpoint, or with OTEL_SDK_DISABLED=true', () => {
    expect(tracingRequest({})).toEqual({ enabled: false });
    expect(tracingRequest({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toEqual({ enabled: false });
    expect(
      tracingRequest({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'TRUE' }),
    ).toEqual({
      enabled: false,
    });
  });

  it('takes http/protobuf by default, http/json on request, and names what it cannot do', () => {
    expect(tracingRequest({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toEqual({
      enabled: true,
      protocol: 'http/protobuf',
    });
    expect(
      tracingRequest({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
    ).toEqual({ enabled: true, protocol: 'http/json' });
    expect(
      tracingRequest({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toEqual({ problem: expect.stringContaining('gRPC is not supported); got "grpc"') });
  });
});

describe('spans while tracing is off', () => {
  it('run the work directly: nothing of the span is built, and PanDA gets no traceparent', async () => {
    expect(tracingEnabled()).toBe(false);
    const seen: Array<string | undefined> = [];
    const notBuilt = () => {
      throw new Error('a span start was built while tracing is off');
    };
    const result = await inServerSpan(
      notBuilt,
      async () =>
        inClientSpan(
          notBuilt,
          async (traceparent) => {
            seen.push(traceparent);
            return 7;
          },
          () => ({}),
        ),
      () => ({}),
    );
    expect(result).toBe(7);
    expect(seen).toEqual([undefined]);
  });
});
