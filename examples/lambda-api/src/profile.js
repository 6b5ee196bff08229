const { CORS_HEADERS } = require('./lib/cors');
const { getProfile } = require('./lib/profiles');

// GET /profile: API Gateway answers the preflight (cors: true in serverless.yml).
exports.handler = async (event) => {
  const origin = event.headers.origin || event.headers.Origin;
  const profile = await getProfile(event.headers.Authorization);
  return {
    statusCode: 200,
    headers: {
      ...CORS_HEADERS,
      'Access-Control-Allow-Origin': origin,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(profile),
  };
};
