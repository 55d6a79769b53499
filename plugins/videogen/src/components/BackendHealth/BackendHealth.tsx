import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { videogenApiRef } from '../../api';

/** Shows whether the videogen backend plugin answers and reaches its database. */
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
      {value?.status === 'ok' ? (
        <StatusOK>Backend healthy</StatusOK>
      ) : (
        <StatusError>{value?.message ?? 'Backend unavailable'}</StatusError>
      )}
    </InfoCard>
  );
};
