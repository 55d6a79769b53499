export {
  EntityClusterCard,
  EntityQueueCard,
  EntityVideosCard,
  EntityTerraformCard,
} from './EntityCards';
