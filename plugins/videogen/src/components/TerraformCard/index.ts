export { TerraformCard, isActiveRun, planSummaryText } from './TerraformCard';
export type { TerraformCardProps, TerraformPermissions } from './TerraformCard';
export { DestroyDialog } from './DestroyDialog';
export type { DestroyDialogProps, DestroyOptions } from './DestroyDialog';
export { TerraformPanel } from './TerraformPanel';
