export * from './VideogenApi';
export * from './VideogenClient';
