export {
  EnvironmentsOverview,
  useEnvironmentEntityLink,
} from './EnvironmentsOverview';
export { EnvironmentsTable } from './EnvironmentsTable';
export type {
  EnvironmentRow,
  EnvironmentsTableProps,
} from './EnvironmentsTable';
