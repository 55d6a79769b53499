import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { useNow } from '../../hooks/useNow';
import { describeError, isPermissionDenied } from './errors';
import { formatAge } from './format';

/** "updated 12 s ago", re-rendered every second. */
export const UpdatedAgo = (props: { at?: Date | string }) => {
  const now = useNow(1000);
  if (!props.at) return null;
  const date = new Date(props.at);
  return (
    <Typography
      component="span"
      variant="body2"
      color="textSecondary"
      title={date.toISOString()}
    >
      updated {formatAge(date, now)}
    </Typography>
  );
};

export type StatusCardProps = {
  title: string;
  /** When the shown data was fetched. */
  updatedAt?: Date | string;
  /** Nothing to show yet. */
  loading?: boolean;
  /** The request for this card's data failed. */
  error?: Error;
  /** The server answered, but could not read this card's source. */
  sectionError?: string;
  /** The user may not see this card's data: a sentence saying what is missing. */
  denied?: string;
  /** Whether there is data to render (possibly stale). */
  hasData: boolean;
  action?: ReactNode;
  children?: ReactNode;
};

/**
 * The frame every status card shares: title, "updated N s ago", and one way
 * to show loading, permission-denied and error states. When a refresh fails
 * but older data exists, the data stays and a warning says it is stale.
 */
export const StatusCard = (props: StatusCardProps) => {
  const { title, updatedAt, loading, error, sectionError, hasData, action } =
    props;
  const denied =
    props.denied ??
    (isPermissionDenied(error)
      ? `You do not have permission to see this: ${describeError(error)}`
      : undefined);

  let body: ReactNode;
  if (denied) {
    body = (
      <Alert severity="info" role="status">
        <strong>Permission required.</strong> {denied}
      </Alert>
    );
  } else if (!hasData && loading) {
    body = <Progress aria-label={`Loading ${title}`} />;
  } else if (!hasData && error) {
    body = (
      <ResponseErrorPanel error={error} title={`Could not load ${title}`} />
    );
  } else if (!hasData && sectionError) {
    body = (
      <Alert severity="error" role="alert">
        {sectionError}
      </Alert>
    );
  } else {
    const stale = error ? describeError(error) : sectionError;
    body = (
      <>
        {stale && (
          <Alert severity="warning" role="alert" style={{ marginBottom: 16 }}>
            Could not refresh: {stale}
            {updatedAt ? ' Showing older data.' : ''}
          </Alert>
        )}
        {props.children}
      </>
    );
  }

  return (
    <InfoCard
      title={title}
      subheader={<UpdatedAgo at={updatedAt} />}
      action={action}
      variant="gridItem"
    >
      <section aria-label={title}>{body}</section>
    </InfoCard>
  );
};
