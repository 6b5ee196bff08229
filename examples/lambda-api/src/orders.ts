import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CORS_HEADERS } from './lib/cors';
import { allowedOrigin } from './lib/origins';

// GET /orders: the allowed origin is picked per request.
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const headers = {
    ...CORS_HEADERS,
    'Access-Control-Allow-Origin': allowedOrigin(event.headers['origin']),
  };
  return { statusCode: 200, headers, body: JSON.stringify([]) };
};
