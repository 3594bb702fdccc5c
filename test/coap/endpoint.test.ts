import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CoapCode,
  CoapDecodeError,
  type CoapHandler,
  type CoapMessage,
  CoapType,
  type CoapTypeValue,
  EXCHANGE_LIFETIME_MS,
  coapServerStep,
  createCoapServerState,
  parseCoapMessage,
  serializeCoapMessage,
  uriPathOptions,
} from '../../src/coap/index.js';

const req = (type: CoapTypeValue, messageId: number, code: number = CoapCode.GET, path = 'status'): Buffer =>
  serializeCoapMessage({
    type,
    code,
    messageId,
    token: Buffer.from([0xaa, messageId & 0xff]),
    options: uriPathOptions(path),
    payload: Buffer.alloc(0),
  });

const parsed = (b: Buffer | undefined): CoapMessage => {
  const m = parseCoapMessage(b ?? Buffer.alloc(0));
  assert.ok(!(m instanceof CoapDecodeError));
  return m;
};

function counting(): { handler: CoapHandler; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    handler: (r) => {
      calls.push(`${r.method} ${r.path}`);
      return { code: CoapCode.CONTENT, payload: Buffer.from('ok') };
    },
  };
}

const random = (n: number): Buffer => Buffer.alloc(n, 0x11);

test('coap endpoint: CON request gets a piggybacked ACK with the same message id and token', () => {
  const { handler } = counting();
  const r = coapServerStep(
    createCoapServerState(random),
    { datagram: req(CoapType.CON, 77), now: 0 },
    handler,
  );
  const a = parsed(r.outputs[0]);
  assert.equal(a.type, CoapType.ACK);
  assert.equal(a.messageId, 77);
  assert.deepEqual(a.token, Buffer.from([0xaa, 77]));
  assert.equal(a.code, CoapCode.CONTENT);
  assert.equal(a.payload.toString(), 'ok');
});

test('coap endpoint: a duplicate CON within EXCHANGE_LIFETIME gets the same reply without running the handler', () => {
  const { handler, calls } = counting();
  let s = createCoapServerState(random);
  const r1 = coapServerStep(
    s,
    { datagram: req(CoapType.CON, 5, CoapCode.POST, 'measurements'), now: 0 },
    handler,
  );
  s = r1.state;
  const r2 = coapServerStep(
    s,
    { datagram: req(CoapType.CON, 5, CoapCode.POST, 'measurements'), now: 1000 },
    handler,
  );
  assert.equal(r2.handled, false);
  assert.deepEqual(r2.outputs, r1.outputs);
  const r3 = coapServerStep(
    r2.state,
    { datagram: req(CoapType.CON, 5, CoapCode.POST, 'measurements'), now: EXCHANGE_LIFETIME_MS + 1 },
    handler,
  );
  assert.equal(r3.handled, true);
  assert.equal(calls.length, 2);
});

test('coap endpoint: NON request gets a NON response with a fresh message id; the dedup list is bounded', () => {
  const { handler } = counting();
  let s = createCoapServerState(random);
  const r = coapServerStep(s, { datagram: req(CoapType.NON, 1), now: 0 }, handler);
  const n = parsed(r.outputs[0]);
  assert.equal(n.type, CoapType.NON);
  assert.equal(n.messageId, 0x1111);
  s = r.state;
  for (let i = 0; i < 100; i++)
    s = coapServerStep(s, { datagram: req(CoapType.CON, 1000 + i), now: i }, handler).state;
  assert.equal(s.recent.length, 32);
});

test('coap endpoint: ping (empty CON) and malformed CON get RST; ACK, RST and malformed NON get nothing', () => {
  const { handler, calls } = counting();
  const s = createCoapServerState(random);
  const ping = Buffer.from([0x40, 0, 0x12, 0x34]);
  const rst = parsed(coapServerStep(s, { datagram: ping, now: 0 }, handler).outputs[0]);
  assert.equal(rst.type, CoapType.RST);
  assert.equal(rst.messageId, 0x1234);
  const badCon = Buffer.from([0x40, 1, 0, 9, 0xff]);
  assert.equal(
    parsed(coapServerStep(s, { datagram: badCon, now: 0 }, handler).outputs[0]).type,
    CoapType.RST,
  );
  assert.deepEqual(
    coapServerStep(s, { datagram: Buffer.from([0x50, 1, 0, 9, 0xff]), now: 0 }, handler).outputs,
    [],
  );
  assert.deepEqual(
    coapServerStep(s, { datagram: Buffer.from([0x60, 0, 0, 9]), now: 0 }, handler).outputs,
    [],
  );
  assert.deepEqual(calls, []);
});
