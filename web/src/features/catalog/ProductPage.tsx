import { Link, useNavigate, useParams } from 'react-router';
import { Card, PageHeader } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { textLink } from '../../ui/links.ts';
import { useProduct } from './api.ts';
import { ProductForm } from './ProductForm.tsx';

/** /products/new and /products/:id. Order lines keep the price they copied; changes apply to new lines. */
export function ProductPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const product = useProduct(isNew ? null : id);
  const navigate = useNavigate();
  const back = <Link className={textLink} to="/products">Products</Link>;
  if (isNew) {
    return (
      <>
        <PageHeader title="New product" subtitle={back} />
        <Card><ProductForm onSaved={(p) => navigate(`/products/${p.id}`, { replace: true })} /></Card>
      </>
    );
  }
  if (!product.data) return <NoData query={product} />;
  return (
    <>
      <PageHeader title={product.data.name} subtitle={<>{back} · changes apply to new order lines; existing lines keep their price and billing increments</>} />
      <RefreshError query={product} />
      <Card><ProductForm key={product.data.id} product={product.data} onSaved={() => undefined} /></Card>
    </>
  );
}
