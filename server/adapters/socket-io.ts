// Socket.IO: the `cors` option of `new Server(httpServer, { cors })` and `require('socket.io')(server, { cors })`.
// Socket.IO v3+ sends no CORS headers without it; with it, engine.io hands it to the `cors` package
// (engine.io lib/server.ts: `if (this.opts.cors) this.use(require('cors')(this.opts.cors))`, and socket.io's own
// client-file serving does the same), so the cors package's semantics apply and it answers the polling preflight.
import { T } from '../engine/ast-types';
import type { CorsPolicy } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import type { Node } from '../engine/source';
import { truthiness } from '../engine/value-facts';
import { evaluate, isModuleValue } from '../engine/values';
import type { Adapter } from './adapter';
import { CORS_PACKAGE, corsSettings, type CorsSettings } from './cors-options';
import { listOriginFixes, optionOf, optionPolicy } from './option-policy';
import { siteOf } from '../engine/source';

export const socketIoAdapter: Adapter = {
  name: 'socket.io',
  policies(ctx) {
    if (!ctx.file.text.includes('socket.io')) return [];
    const out: CorsPolicy[] = [];
    for (const call of ctx.file.calls) {
      if (call.callee.type !== T.Identifier && call.callee.type !== T.MemberExpression && call.callee.type !== T.CallExpression) continue;
      const callee = evaluate(call.callee, ctx);
      // `new Server(...)`, `require('socket.io')(...)`, `socketio(...)` from a default import.
      if (!isModuleValue(callee, 'socket.io', ['Server']) && !isModuleValue(callee, 'socket.io', [])) continue;
      const settings = serverSettings(call.arguments as readonly Node[], ctx);
      if (!settings) continue;
      out.push(
        optionPolicy(settings, {
          framework: 'socket.io',
          label: "Socket.IO's cors option",
          site: siteOf(call, ctx),
          preflight: 'answered',
          fixes: listOriginFixes(settings, ctx),
        }),
      );
    }
    return out;
  },
};

/** `Server(srv?, opts?)`: one plain-object argument is the options (socket.io: `if (typeof srv == 'object' && !srv.listen)`). */
function serverSettings(args: readonly Node[], ctx: AnalysisContext): CorsSettings | undefined {
  const single = args.length === 1 ? evaluate(args[0] as Node, ctx) : undefined;
  const options = args.length >= 2 ? args[1] : single?.kind === 'object' && !single.props.has('listen') ? args[0] : undefined;
  const cors = optionOf(options, 'cors', ctx);
  if (!cors || cors === 'absent') return undefined;
  const value = evaluate(cors.node, cors.ctx);
  const truthy = truthiness(value);
  if (truthy === false) return undefined; // `cors: false`: no CORS middleware at all
  // `cors: true` reaches `cors(true)`, whose options are the defaults.
  return corsSettings(value.kind === 'boolean' ? undefined : cors.node, CORS_PACKAGE, cors.ctx);
}
