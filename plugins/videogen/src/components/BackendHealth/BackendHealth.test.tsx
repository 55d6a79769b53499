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
