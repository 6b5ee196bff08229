// Next.js and Vercel: app-router route handlers, pages API routes, Vercel Node/Web functions, middleware (proxy)
// and next.config headers(). Each kind of file is recognised by its path (nextjs-files.ts) and read by its module;
// the project-wide facts (a CORS-writing middleware, config header rules) decide preflights they may answer.
import type { Adapter } from './adapter';
import { configPolicies } from './nextjs-config';
import { nextFileKind } from './nextjs-files';
import { middlewarePolicies } from './nextjs-middleware';
import { pagesPolicies } from './nextjs-pages';
import { nextProjectFacts } from './nextjs-project';
import { routePolicies } from './nextjs-routes';

export const nextjsAdapter: Adapter = {
  name: 'nextjs',
  policies(ctx) {
    const kind = nextFileKind(ctx.file.path);
    switch (kind) {
      case 'route':
        return routePolicies(ctx, nextProjectFacts(ctx));
      case 'pages-api':
      case 'vercel-api':
        return pagesPolicies(ctx, kind, nextProjectFacts(ctx));
      case 'middleware':
        return middlewarePolicies(ctx);
      case 'config':
        return configPolicies(ctx);
      default:
        return [];
    }
  },
};
