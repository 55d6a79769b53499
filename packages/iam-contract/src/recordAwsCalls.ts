import type { AwsCall } from './iamRequests';

type SdkClient = {
  config: { serviceId?: string; region?: string | (() => Promise<string>) };
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
};
type SdkClientClass = { prototype: SdkClient; name: string };

export type AwsCallRecorder = {
  /** Wraps `send` again where a mock replaced it since (idempotent). */
  attach(): void;
  /** Every call sent since recording started, in order. */
  calls(): Promise<AwsCall[]>;
  /** Forgets what was recorded so far (e.g. between tests). */
  clear(): void;
  /** Puts the clients' own `send` back. */
  stop(): void;
};

async function regionOf(client: SdkClient): Promise<string> {
  const region = client.config.region;
  const value = typeof region === 'function' ? await region() : region;
  return value ?? 'us-east-1';
}

/**
 * Records every command sent through the given SDK client classes, real or
 * mocked. `aws-sdk-client-mock` replaces `send` on the class prototype (and
 * replaces it again on every `reset()`), so the recorder wraps whatever
 * `send` is there when `attach()` runs: call it after `mockClient(...)` and
 * after each `reset()` (a `beforeEach` declared after the resets). It then
 * sees the calls the mock answers as well as those going to a real peer.
 */
export function recordAwsCalls(classes: SdkClientClass[]): AwsCallRecorder {
  const pending: Array<Promise<AwsCall>> = [];
  const wrappers = new Map<
    SdkClientClass,
    { wrapper: Function; original: Function }
  >();

  const attach = () => {
    for (const cls of classes) {
      const proto = cls.prototype;
      if (wrappers.get(cls)?.wrapper === proto.send) continue;
      const original = proto.send;
      const wrapper = function recordingSend(
        this: SdkClient,
        command: any,
        ...rest: unknown[]
      ) {
        const operation = String(command?.constructor?.name ?? '').replace(
          /Command$/,
          '',
        );
        const service =
          this.config.serviceId ?? cls.name.replace(/Client$/, '');
        pending.push(
          regionOf(this).then(region => ({
            service,
            operation,
            input: { ...(command?.input ?? {}) },
            region,
          })),
        );
        return original.call(this, command, ...rest);
      };
      proto.send = wrapper;
      wrappers.set(cls, { wrapper, original });
    }
  };
  attach();

  return {
    attach,
    calls: () => Promise.all(pending),
    clear: () => {
      pending.length = 0;
    },
    stop: () => {
      for (const [cls, { wrapper, original }] of wrappers) {
        if (cls.prototype.send === wrapper)
          cls.prototype.send = original as any;
      }
      wrappers.clear();
    },
  };
}

type MockedCall = {
  args: unknown[];
  thisValue: unknown;
};

/**
 * The calls an `aws-sdk-client-mock` stub has answered (`mock.calls()`), as
 * recorded calls: for a test that only needs what one mocked client saw.
 */
export async function callsOfMock(mock: {
  calls(): MockedCall[];
}): Promise<AwsCall[]> {
  return Promise.all(
    mock.calls().map(async call => {
      const command = call.args[0] as any;
      const client = call.thisValue as SdkClient;
      return {
        service:
          client.config.serviceId ??
          String(client.constructor?.name ?? '').replace(/Client$/, ''),
        operation: String(command?.constructor?.name ?? '').replace(
          /Command$/,
          '',
        ),
        input: { ...(command?.input ?? {}) },
        region: await regionOf(client),
      };
    }),
  );
}
