import { createBrowserRouter } from 'react-router-dom';
import { Shell } from './shell.tsx';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [{ index: true, element: <p>Pharos</p> }],
  },
]);
