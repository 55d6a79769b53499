import { systemEntity } from './systemEntity';

describe('systemEntity', () => {
  it('is the video-generator System, owned by the configured owner and managed by the provider', () => {
    expect(
      systemEntity({
        owner: 'group:default/platform-team',
        locationRef: 'url:http://localhost:7007/api/videogen/environments',
      }),
    ).toMatchObject({
      kind: 'System',
      metadata: {
        name: 'video-generator',
        annotations: {
          'backstage.io/managed-by-location':
            'url:http://localhost:7007/api/videogen/environments',
        },
      },
      spec: { owner: 'group:default/platform-team' },
    });
  });
});
