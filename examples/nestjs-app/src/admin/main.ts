// The back-office app, a separate Nest app on its own port. CORS comes from AdminCorsMiddleware.
import { NestFactory } from '@nestjs/core';
import { AdminModule } from './admin.module';

async function bootstrap() {
  const app = await NestFactory.create(AdminModule);
  await app.listen(process.env.ADMIN_PORT ?? 4000);
}
void bootstrap();
