// The public shop API on NestJS (Express platform). Run `npx cors-lint examples`.
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  // "The frontend kept getting CORS errors": origin true echoes every Origin, and the session cookie goes with it.
  app.enableCors({ origin: true, credentials: true });
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
