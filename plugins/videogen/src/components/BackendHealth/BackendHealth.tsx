import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { videogenApiRef, VideogenHealthCheck } from '../../api';

/** The failed prerequisite checks, each with what to install. */
const FailedChecks = (props: { checks: VideogenHealthCheck[] }) => (
  <Box component="ul" mt={1} mb={0} pl={3}>
    {props.checks
      .filter(check => !check.ok)
      .map(check => (
        <li key={check.name}>
          <Typography variant="body2">
            <strong>{check.name}</strong>: {check.message}
            {check.install ? ` Install: ${check.install}` : ''}
          </Typography>
        </li>
      ))}
  </Box>
);

/**
 * Shows whether the videogen backend plugin answers, reaches its database
 * and finds the programs it runs. Degraded (a program missing on the
 * backend host) is not down: the API still works, so it is a warning with
 * what to install.
 */
export const BackendHealth = () => {
  const api = useApi(videogenApiRef);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} title="Backend unreachable" />;
  }
  return (
    <InfoCard title="Video generator backend">
      {value?.status === 'ok' && <StatusOK>Backend healthy</StatusOK>}
      {value?.status === 'degraded' && (
        <>
          <StatusWarning>
            Backend degraded{value.message ? `: ${value.message}` : ''}
          </StatusWarning>
          <FailedChecks checks={value.checks ?? []} />
        </>
      )}
      {value?.status !== 'ok' && value?.status !== 'degraded' && (
        <StatusError>{value?.message ?? 'Backend unavailable'}</StatusError>
      )}
    </InfoCard>
  );
};
