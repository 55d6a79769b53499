import { ConfigReader } from '@backstage/config';
import { readAllowedHosts } from './allowedHosts';

const hostsOf = (backend: object) =>
  [...readAllowedHosts(new ConfigReader({ backend }))].sort();

describe('readAllowedHosts', () => {
  it('allows the base URL host and the local listen address', () => {
    expect(
      hostsOf({
        baseUrl: 'http://localhost:7007',
        listen: { port: 7007, host: '127.0.0.1' },
      }),
    ).toEqual(['127.0.0.1:7007', 'localhost:7007']);
  });

  it('leaves out default ports, as browsers do, and adds backend.allowedHosts', () => {
    expect(
      hostsOf({
        baseUrl: 'https://Videogen.Example.com',
        listen: ':7007',
        allowedHosts: ['alb-123.eu-west-1.elb.amazonaws.com'],
      }),
    ).toEqual([
      'alb-123.eu-west-1.elb.amazonaws.com',
      'localhost:7007',
      'videogen.example.com',
    ]);
  });

  it('maps an all-interfaces listen address to the one discovery uses', () => {
    expect(
      hostsOf({
        baseUrl: 'http://localhost:7007',
        listen: { host: '0.0.0.0', port: 7007 },
      }),
    ).toEqual(['127.0.0.1:7007', 'localhost:7007']);
  });
});
