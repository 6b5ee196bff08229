// CORS headers shared by the app-router API.
export const corsHeaders = {
  'Access-Control-Allow-Origin': 'https://shop.example.com',
  'Access-Control-Allow-Methods': 'GET, POST',
};
