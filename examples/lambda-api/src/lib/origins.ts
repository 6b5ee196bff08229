// Which origins may call the orders API.
export function allowedOrigin(origin: string | undefined): string {
  if (origin && origin.endsWith('example.com')) {
    return origin;
  }
  return 'https://app.example.com';
}
