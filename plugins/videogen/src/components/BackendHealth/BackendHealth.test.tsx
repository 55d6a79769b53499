import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { VideogenApi, videogenApiRef } from '../../api';
import { BackendHealth } from './BackendHealth';

function apiReturning(getHealth: VideogenApi['getHealth']) {
  return [videogenApiRef, { getHealth } as VideogenApi] as const;
}

describe('BackendHealth', () => {
  it('says the backend is healthy when /health answers ok', async () => {
    renderInTestApp(<BackendHealth />, {
      apis: [apiReturning(async () => ({ status: 'ok' }))],
    });
    expect(await screen.findByText('Backend healthy')).toBeInTheDocument();
  });

  it('shows the reason when the backend reports it is unavailable', async () => {
    renderInTestApp(<BackendHealth />, {
      apis: [
        apiReturning(async () => ({
          status: 'unavailable',
          message: 'The videogen plugin cannot reach its database.',
        })),
      ],
    });
    expect(
      await screen.findByText('The videogen plugin cannot reach its database.'),
    ).toBeInTheDocument();
  });

  it('shows degraded, not down, with what to install for each failed check', async () => {
    renderInTestApp(<BackendHealth />, {
      apis: [
        apiReturning(async () => ({
          status: 'degraded',
          message: 'Missing on the backend host: terraform.',
          checks: [
            {
              name: 'terraform',
              ok: false,
              message: 'Not found on PATH; runs fail without it.',
              install: 'Install Terraform 1.9 or later.',
            },
            { name: 'ffmpeg', ok: true, message: '/usr/bin/ffmpeg' },
          ],
        })),
      ],
    });
    expect(
      await screen.findByText(
        'Backend degraded: Missing on the backend host: terraform.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Not found on PATH.*Install: Install Terraform 1\.9/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/ffmpeg/)).toBeNull();
    expect(screen.queryByText('Backend healthy')).toBeNull();
  });

  it('shows an error panel when the backend cannot be reached', async () => {
    renderInTestApp(<BackendHealth />, {
      apis: [
        apiReturning(async () => {
          throw new Error('connect ECONNREFUSED');
        }),
      ],
    });
    expect(await screen.findByText(/Backend unreachable/)).toBeInTheDocument();
  });
});
