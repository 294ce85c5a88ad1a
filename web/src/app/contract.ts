/**
 * The API's types, read from web/generated/api.gen.ts (generated from the server's zod schemas through its
 * OpenAPI document: `npm run api:types`). A route is named as the web app calls it, without
 * /api/v1: `ApiResponse<'/tickets/{id}', 'get'>` is what GET /api/v1/tickets/:id answers.
 */
import type { components, paths } from '../../generated/api.gen.ts';

type Routes = { [P in keyof paths as P extends `/api/v1${infer Route}` ? Route : never]: paths[P] };

/** A route of the API: '/tickets', '/tickets/{id}', … */
export type ApiPath = keyof Routes;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The methods a route answers. */
export type ApiMethod<P extends ApiPath> = { [M in Method]: Routes[P][M] extends { responses: unknown } ? M : never }[Method];
type Operation<P extends ApiPath, M extends ApiMethod<P>> = Extract<Routes[P][M], { responses: unknown }>;

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Success<R> = R extends { 200: infer S } ? Json<S> : R extends { 201: infer S } ? Json<S> : R extends { 202: infer S } ? Json<S> : R extends { 204: unknown } ? void : never;

/** The JSON a route answers on success (200, 201 or 202; void for 204). */
export type ApiResponse<P extends ApiPath, M extends ApiMethod<P>> = Success<Operation<P, M>['responses']>;

/** The JSON body a route takes. */
export type ApiBody<P extends ApiPath, M extends ApiMethod<P>> = Json<NonNullable<Operation<P, M>['requestBody']>>;

/** The query parameters a route takes (GET by default). */
export type ApiQuery<P extends ApiPath, M extends ApiMethod<P> = 'get' & ApiMethod<P>> = NonNullable<Operation<P, M>['parameters']['query']>;

/** One item of a list route's `items` (GET). */
export type ApiItem<P extends ApiPath> = ApiResponse<P, 'get' & ApiMethod<P>> extends { items: Array<infer Item> } ? Item : never;

/** Every refusal of the API: `{error: {code, message, details?}, requestId}`. */
export type ApiErrorBody = Json<components['responses']['Error']>;

/**
 * A list screen's filters as the address bar keeps them: the route's query parameters (but `limit`),
 * each as the text the URL holds; the server checks the values (400 on one it does not know).
 */
export type ApiFilters<P extends ApiPath> = { [K in Exclude<keyof ApiQuery<P>, 'limit'>]?: string | undefined };
