// The NestJS adapter: `app.enableCors(...)` and `NestFactory.create(..., { cors })` with the semantics of the
// platform underneath (nest-application.js applyOptions; @nestjs/platform-express enableCors = `use(cors(options))`;
// @nestjs/platform-fastify enableCors = @fastify/cors), and CORS headers written by Nest code itself: @Header
// decorators, `@Res()` handlers and middleware classes (Nest's not-found handler 404s every OPTIONS no route declares).
import * as assert from 'node:assert/strict';
import { describeTree as policies, describeSingleFile as one, expectPolicy, type PolicyDescription } from '../helpers/describe-policy';

/** `app.enableCors(...)` on the Express platform (the `cors` package); defaults are the library's. */
const enable = expectPolicy({ framework: 'cors', label: 'enableCors()', origin: ['wildcard'], preflight: 'answered' });

function create(o: Partial<PolicyDescription> = {}): PolicyDescription {
  return enable({ label: 'NestFactory.create({ cors })', ...o });
}

const written = expectPolicy({ framework: 'NestJS', label: 'This route handler', origin: [], preflight: 'unknown' });

const MAIN_HEAD = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
`;

describe('nestjs adapter', () => {
  describe('enableCors and the cors option on Express (the default platform)', () => {
    it('enableCors() without options is the cors default: Access-Control-Allow-Origin: *', () => {
      const code = `${MAIN_HEAD}
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors();
  await app.listen(3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code, ['methods']), [enable({ methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'] })]);
    });

    it('enableCors({ origin: true, credentials: true }) reflects every Origin with credentials', () => {
      const code = `${MAIN_HEAD}
async function bootstrap() {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.enableCors({ origin: true, credentials: true });
  await app.listen(process.env.PORT ?? 3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code, ['fixes']), [
        enable({
          origin: ['reflect:always'],
          credentials: true,
          vary: true,
          fixes: ['restrictOrigins: Allow only the origins listed in the environment', 'dropCredentials: Stop allowing credentials'],
        }),
      ]);
    });

    it("cors: true means enableCors() with no options; cors: false and no cors key leave CORS off", () => {
      const code = `${MAIN_HEAD}
async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: true });
  const worker = await NestFactory.create(AppModule, { cors: false });
  const plain = await NestFactory.create(AppModule, { logger: ['error'] });
  await app.listen(3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code), [create()]);
    });

    it("'*' in an origin array is a dead entry under cors, and a /g RegExp is stateful", () => {
      const code = String.raw`import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    cors: { origin: ['*', /^https:\/\/(www\.)?example\.com$/g], credentials: true },
  });
  await app.listen(3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code, ['matchers']), [
        create({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['equals:*', String.raw`regex:^https:\/\/(www\.)?example\.com$/g:stateful`] }),
      ]);
    });

    it('options typed CorsOptions in another file, with an endsWith origin callback', () => {
      const files = {
        'src/config/cors.config.ts': `import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

export const corsOptions: CorsOptions = {
  origin: (origin, callback) => {
    if (!origin || origin.endsWith('.example.com') || origin.endsWith('example.com')) {
      callback(null, true);
    } else {
      callback(new Error('Not allowed by CORS'));
    }
  },
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
};
`,
        'src/main.ts': `${MAIN_HEAD}import { corsOptions } from './config/cors.config';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors(corsOptions);
  await app.listen(3000);
}
bootstrap();
`,
      };
      assert.deepEqual(policies(files, 'src/main.ts', ['matchers', 'methods']), [
        enable({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['suffix:.example.com', 'suffix:example.com'], methods: ['GET', 'POST', 'PUT', 'DELETE'] }),
      ]);
    });

    it('an options delegate (req, callback), and an env allowlist', () => {
      const code = `${MAIN_HEAD}
const allowlist = (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean);

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors((req, callback) => {
    const allowed = allowlist.includes(req.header('Origin'));
    callback(null, { origin: allowed, credentials: true });
  });
  await app.listen(3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code), [enable({ origin: ['unknown'], credentials: true })]);
    });

    it('preflightContinue: true hands OPTIONS to Nest routes: unknown here', () => {
      const code = `${MAIN_HEAD}
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: 'https://app.example.com', preflightContinue: true });
  await app.listen(3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code), [enable({ origin: ['fixed:https://app.example.com'], preflight: 'unknown' })]);
    });
  });

  describe('the Fastify platform (@fastify/cors semantics)', () => {
    it("new FastifyAdapter(): '*' in an origin array is a full wildcard", () => {
      const code = `import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ logger: true }), {
    cors: { origin: ['https://app.example.com', '*'], credentials: true },
  });
  await app.listen(3000, '0.0.0.0');
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code), [create({ framework: '@fastify/cors', origin: ['wildcard'], credentials: true })]);
    });

    it('the adapter in a variable; enableCors on the app; a /g RegExp is not stateful there', () => {
      const code = String.raw`import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

async function bootstrap() {
  const adapter = new FastifyAdapter();
  const app = await NestFactory.create(AppModule, adapter);
  app.enableCors({ origin: /^https:\/\/app\.example\.com$/g, preflight: false });
  await app.listen(3000);
}
bootstrap();
`;
      assert.deepEqual(one('src/main.ts', code, ['matchers']), [
        enable({ framework: '@fastify/cors', origin: ['reflect:checked'], vary: true, preflight: 'unknown', matchers: [String.raw`regex:^https:\/\/app\.example\.com$/g`] }),
      ]);
    });

    it('a helper typed NestFastifyApplication; an INestApplication helper keeps what both platforms agree on', () => {
      const code = `import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export function setupCors(app: NestFastifyApplication) {
  app.enableCors({ origin: ['*'], credentials: 'true' });
}

export function setupPublicCors(app: INestApplication) {
  app.enableCors({ origin: true, credentials: true });
  app.enableCors({ origin: ['*', 'https://app.example.com'], credentials: true });
}
`;
      assert.deepEqual(one('src/cors.ts', code), [
        enable({ framework: '@fastify/cors', origin: ['wildcard'], credentials: true }),
        enable({ origin: ['reflect:always'], credentials: true, vary: true }),
        enable({ origin: ['unknown'], credentials: true }),
      ]);
    });
  });

  describe('headers written by Nest code', () => {
    it('@Header decorators: a literal * with credentials on a GET handler', () => {
      const code = `import { Controller, Get, Header } from '@nestjs/common';

@Controller('reports')
export class ReportsController {
  @Get('public')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Access-Control-Allow-Credentials', 'true')
  findPublic() {
    return [];
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  findAll() {
    return [];
  }
}
`;
      assert.deepEqual(one('src/reports.controller.ts', code, ['fixes']), [
        written({ route: 'GET /reports/public', origin: ['wildcard'], credentials: true, fixes: ['dropCredentials: Stop allowing credentials'] }),
      ]);
    });

    it('@Res() handlers echoing the Origin: no Vary; an @Options() handler for the path answers the preflight', () => {
      const code = `import { Controller, Options, Put, Req, Res, HttpCode } from '@nestjs/common';
import type { Request, Response } from 'express';

@Controller('items')
export class ItemsController {
  @Options(':id')
  @HttpCode(204)
  preflight(@Req() req: Request, @Res() res: Response) {
    res.set('Access-Control-Allow-Origin', req.headers.origin);
    res.set('Access-Control-Allow-Methods', 'PUT');
    res.end();
  }

  @Put(':id')
  update(@Req() req: Request, @Res() res: Response) {
    res.set('Access-Control-Allow-Origin', req.headers.origin);
    res.json({ ok: true });
  }
}
`;
      assert.deepEqual(one('src/items.controller.ts', code, ['fixes']), [
        written({ route: 'OPTIONS /items/:id', origin: ['reflect:always'], preflight: 'answered', vary: false, fixes: ['addVaryOrigin: Add Vary: Origin'] }),
        written({ route: 'PUT /items/:id', origin: ['reflect:always'], preflight: 'answered', vary: false, fixes: ['addVaryOrigin: Add Vary: Origin'] }),
      ]);
    });

    it('a middleware class that never ends OPTIONS: the preflight reaches Nest routes and 404s', () => {
      const code = `import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const ALLOWED = new Set(['https://app.example.com']);

@Injectable()
export class CorsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    const origin = req.headers.origin;
    if (origin && ALLOWED.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    next();
  }
}
`;
      assert.deepEqual(one('src/cors.middleware.ts', code, ['fixes']), [
        written({
          label: 'This middleware',
          origin: ['reflect:checked'],
          preflight: 'unanswered',
          vary: true,
          triggers: ['Access-Control-Allow-Headers lists Content-Type, Authorization'],
          fixes: ['answerPreflight: Answer the OPTIONS preflight with 204 and these headers'],
        }),
      ]);
    });

    it('a middleware that ends OPTIONS itself answers the preflight; a FastifyReply handler gets the header() idiom', () => {
      const middleware = `import { Injectable, NestMiddleware } from '@nestjs/common';

@Injectable()
export class CorsMiddleware implements NestMiddleware {
  use(req: any, res: any, next: () => void) {
    res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
    res.setHeader('Access-Control-Allow-Methods', 'GET,PUT,DELETE');
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      return res.end();
    }
    next();
  }
}
`;
      const controller = `import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

@Controller()
export class EmbedController {
  @Get('embed')
  embed(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    reply.header('Access-Control-Allow-Origin', request.headers.origin);
    reply.send('ok');
  }
}
`;
      assert.deepEqual(one('src/cors.middleware.ts', middleware), [
        written({ label: 'This middleware', origin: ['fixed:https://app.example.com'], preflight: 'answered' }),
      ]);
      assert.deepEqual(one('src/embed.controller.ts', controller, ['fixes']), [
        written({ route: 'GET /embed', origin: ['reflect:always'], vary: false, fixes: ['addVaryOrigin: Add Vary: Origin'] }),
      ]);
    });
  });
});
