// Headers every response of the API shares.
const CORS_HEADERS = {
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Headers': 'Content-Type,Authorization',
  'Access-Control-Allow-Methods': 'GET,PUT,OPTIONS',
};

function respond(statusCode, body, headers = {}) {
  return {
    statusCode,
    headers: { ...CORS_HEADERS, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

module.exports = { CORS_HEADERS, respond };
