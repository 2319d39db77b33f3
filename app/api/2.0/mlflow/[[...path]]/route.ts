import { handleMlflow } from '@/server/api/mlflow/handler';
import { webServices } from '@/server/shared/web-services';

export const dynamic = 'force-dynamic';

/** MLflow's tracking REST API, for unchanged MLflow scripts: server/api/mlflow/handler.ts. */
async function handler(request: Request) {
  return handleMlflow(request, await webServices());
}

export { handler as GET, handler as POST, handler as PUT };
