import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AdminCorsMiddleware } from './admin-cors.middleware';
import { UsersController } from './users.controller';

@Module({ controllers: [UsersController] })
export class AdminModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(AdminCorsMiddleware).forRoutes('*');
  }
}
