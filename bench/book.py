"""The chapter's code path, written the way the book writes it, for the benchmark.

It reproduces fastbook chapter 4 on today's stack (`vision_learner` stands in for the deprecated
`cnn_learner`) with the book's data handling: PIL images stacked by list comprehension, the
list-of-tuples `DataLoader`, fastai's defaults (including `ImageDataLoaders.from_folder`'s workers),
and the book's epochs, learning rates and batch sizes. It prints one JSON object:
{"approach": {"accuracy": ..., "seconds": ...}, ..., "load_seconds": ...}.
"""
import json, sys, time, warnings
warnings.filterwarnings('ignore', category=FutureWarning)  # fastai's import-time torch.jit notice
from fastai.vision.all import *

def main(path, approaches, seed=42):
    path = Path(path); res = {}
    t = time.perf_counter()
    stack = lambda folder: torch.stack([tensor(Image.open(o)) for o in sorted(folder.ls())]).float()/255
    threes, sevens = stack(path/'train'/'3'), stack(path/'train'/'7')
    valid_3_tens, valid_7_tens = stack(path/'valid'/'3'), stack(path/'valid'/'7')
    res['load_seconds'] = time.perf_counter() - t

    if 'pixel' in approaches:
        t = time.perf_counter()
        mean3, mean7 = threes.mean(0), sevens.mean(0)
        def mnist_distance(a, b): return (a-b).abs().mean((-1, -2))
        def is_3(x): return mnist_distance(x, mean3) < mnist_distance(x, mean7)
        accuracy_3s = is_3(valid_3_tens).float().mean()
        accuracy_7s = (1 - is_3(valid_7_tens).float()).mean()
        res['pixel'] = dict(accuracy=float((accuracy_3s + accuracy_7s)/2), seconds=time.perf_counter() - t)

    train_x = torch.cat([threes, sevens]).view(-1, 28*28)
    train_y = tensor([1]*len(threes) + [0]*len(sevens)).unsqueeze(1)
    valid_x = torch.cat([valid_3_tens, valid_7_tens]).view(-1, 28*28)
    valid_y = tensor([1]*len(valid_3_tens) + [0]*len(valid_7_tens)).unsqueeze(1)
    dset, valid_dset = list(zip(train_x, train_y)), list(zip(valid_x, valid_y))

    def mnist_loss(predictions, targets):
        predictions = predictions.sigmoid()
        return torch.where(targets == 1, 1 - predictions, predictions).mean()
    def batch_accuracy(xb, yb):
        preds = xb.sigmoid()
        return ((preds > 0.5) == yb).float().mean()

    if 'linear' in approaches:
        set_seed(seed)
        t = time.perf_counter()
        def init_params(size, std=1.0): return (torch.randn(size)*std).requires_grad_()
        weights, bias = init_params((28*28, 1)), init_params(1)
        dl, valid_dl = DataLoader(dset, batch_size=256), DataLoader(valid_dset, batch_size=256)
        def linear1(xb): return xb@weights + bias
        def calc_grad(xb, yb, model):
            loss = mnist_loss(model(xb), yb); loss.backward()
        def train_epoch(model, lr, params):
            for xb, yb in dl:
                calc_grad(xb, yb, model)
                for p in params: p.data -= p.grad*lr; p.grad.zero_()
        def validate_epoch(model):
            accs = [batch_accuracy(model(xb), yb) for xb, yb in valid_dl]
            return round(torch.stack(accs).mean().item(), 4)
        for i in range(20):
            train_epoch(linear1, 1., (weights, bias))
            acc = validate_epoch(linear1)  # the book prints this after every epoch
        res['linear'] = dict(accuracy=acc, seconds=time.perf_counter() - t)

    def dls_():
        return DataLoaders(DataLoader(dset, batch_size=256), DataLoader(valid_dset, batch_size=256))
    if 'learner' in approaches:
        set_seed(seed)
        t = time.perf_counter()
        learn = Learner(dls_(), nn.Linear(28*28, 1), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)
        with learn.no_bar(), learn.no_logging(): learn.fit(10, lr=1.)
        res['learner'] = dict(accuracy=float(learn.recorder.values[-1][2]), seconds=time.perf_counter() - t)

    if 'mlp' in approaches:
        set_seed(seed)
        t = time.perf_counter()
        simple_net = nn.Sequential(nn.Linear(28*28, 30), nn.ReLU(), nn.Linear(30, 1))
        learn = Learner(dls_(), simple_net, opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)
        with learn.no_bar(), learn.no_logging(): learn.fit(40, 0.1)
        res['mlp'] = dict(accuracy=float(learn.recorder.values[-1][2]), seconds=time.perf_counter() - t)

    if 'resnet18' in approaches:
        set_seed(seed)
        t = time.perf_counter()
        dls = ImageDataLoaders.from_folder(path)
        learn = vision_learner(dls, resnet18, pretrained=False, loss_func=F.cross_entropy, metrics=accuracy)
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(1, 0.1)
        res['resnet18'] = dict(accuracy=float(learn.recorder.values[-1][2]), seconds=time.perf_counter() - t)
    return res

if __name__ == '__main__':
    path = sys.argv[1]
    approaches = sys.argv[2].split(',') if len(sys.argv) > 2 else ['pixel', 'linear', 'learner', 'mlp', 'resnet18']
    print(json.dumps(main(path, approaches)))
