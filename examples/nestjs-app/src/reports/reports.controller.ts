import { Controller, Get, Header, Param } from '@nestjs/common';

@Controller('reports')
export class ReportsController {
  // Public embeddable charts: any site may read them, no cookies involved.
  @Get(':id/chart')
  @Header('Access-Control-Allow-Origin', '*')
  chart(@Param('id') id: string) {
    return { id, points: [] };
  }
}
