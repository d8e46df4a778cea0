import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { actorOf, requestContext } from '@/platform/http/auth.js';
import { IdParams } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { AddressBody, AddressOut, UpdateAddressBody } from './contract.js';
import { addAddress, deleteAddress, listAddresses, updateAddress } from './service.js';

/** The consumer's delivery address book (personal data encrypted at rest). */
export const consumerRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const { db, keyring } = platform;
  const tags = ['consumer'];
  const access = { audience: 'consumer' } as const;
  const errors = problemResponses;

  app.get('/api/store/addresses', {
    config: { access }, schema: { tags, summary: 'Own delivery addresses, default first', response: { 200: z.object({ items: z.array(AddressOut) }), ...errors } },
  }, async (req) => ({ items: await listAddresses(db, keyring, actorOf(req).accountId) }));

  app.post('/api/store/addresses', {
    config: { access }, schema: { tags, summary: 'Add a delivery address', body: AddressBody, response: { 201: AddressOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => addAddress(tx, requestContext(req), keyring, actorOf(req).accountId, req.body));
    reply.code(201);
    return res;
  });

  app.patch('/api/store/addresses/:id', {
    config: { access }, schema: { tags, summary: 'Change an own address', params: IdParams, body: UpdateAddressBody, response: { 200: AddressOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateAddress(tx, requestContext(req), keyring, actorOf(req).accountId, req.params.id, req.body)));

  app.delete('/api/store/addresses/:id', {
    config: { access }, schema: { tags, summary: 'Delete an own address (orders keep their copy)', params: IdParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await db.transaction((tx) => deleteAddress(tx, requestContext(req), keyring, actorOf(req).accountId, req.params.id));
    return reply.code(204).send(null);
  });
};
