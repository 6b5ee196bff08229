import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';

@Controller('users')
export class UsersController {
  @Get()
  list() {
    return [];
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() body: { role: string }) {
    return { id, ...body };
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return { id, removed: true };
  }
}
