import middy from '@middy/core';
import cors from '@middy/http-cors';
import jsonBodyParser from '@middy/http-json-body-parser';

// POST /partner-leads: an exact list of partner origins, with Vary added by the middleware.
const createLead = async (event) => ({ statusCode: 201, body: JSON.stringify({ id: event.body.email }) });

export const handler = middy(createLead)
  .use(jsonBodyParser())
  .use(cors({ origins: ['https://partners.example.com', 'https://portal.example.org'], credentials: true }));
