import { LifecycleService } from './lifecycle.service';

describe(LifecycleService.name, () => {
  it('is idle at once when nothing runs', async () => {
    const sut = new LifecycleService();
    await expect(sut.waitForIdle(10)).resolves.toBe(true);
  });

  it('waits for tracked work to finish', async () => {
    const sut = new LifecycleService();
    let release!: () => void;
    const work = sut.track(() => new Promise<void>((resolve) => (release = resolve)));
    expect(sut.inFlightCount).toBe(1);
    const idle = sut.waitForIdle(5_000);
    release();
    await work;
    await expect(idle).resolves.toBe(true);
    expect(sut.inFlightCount).toBe(0);
  });

  it('gives up after the timeout', async () => {
    const sut = new LifecycleService();
    void sut.track(() => new Promise<void>(() => undefined));
    await expect(sut.waitForIdle(20)).resolves.toBe(false);
  });

  it('counts failed work as finished', async () => {
    const sut = new LifecycleService();
    await expect(sut.track(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(sut.inFlightCount).toBe(0);
  });

  it('reports draining once started', () => {
    const sut = new LifecycleService();
    expect(sut.draining).toBe(false);
    sut.startDraining();
    expect(sut.draining).toBe(true);
  });
});
